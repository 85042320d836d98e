(* SPDX-License-Identifier: Apache-2.0 *)
(* unreached.ml - lists the statements of src/ that Eva found unreachable,
   one line each: "file:line function statement". Loaded by proofs/run.sh
   with -load-script when ocamlfind is installed; the list goes to
   unreached.txt in the work folder. It only reads Eva's results. *)

let in_src path =
  let text = Filepath.Normalized.to_pretty_string path in
  String.length text > 4 && String.sub text 0 4 = "src/"

let print_unreached kf stmt =
  let (pos, _) = Cil_datatype.Stmt.loc stmt in
  if in_src pos.Filepath.pos_path then
    Format.printf "UNREACHED %s:%d %s %a@."
      (Filepath.Normalized.to_pretty_string pos.Filepath.pos_path)
      pos.Filepath.pos_lnum (Kernel_function.get_name kf) Printer.pp_stmt stmt

let run () =
  Eva.Analysis.compute ();
  Globals.Functions.iter (fun kf ->
      if Kernel_function.is_definition kf && Eva.Results.is_called kf then
        List.iter
          (fun stmt -> if not (Eva.Results.is_reachable stmt) then print_unreached kf stmt)
          (Kernel_function.get_definition kf).Cil_types.sallstmts)

let () = Db.Main.extend run

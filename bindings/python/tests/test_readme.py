# SPDX-License-Identifier: Apache-2.0
"""The example of README.md runs and echoes the request."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def test_readme_example_round_trips():
    with open(os.path.join(HERE, "..", "README.md"), encoding="utf-8") as fp:
        blocks = re.findall(r"```python\n(.*?)```", fp.read(), re.S)
    assert len(blocks) == 1
    code = blocks[0]
    assert code.startswith("import pssst_c as pssst\n")
    names = {}
    exec(compile(code, "README.md", "exec"), names)  # pylint: disable=exec-used
    assert names["received_request"] == names["request_message"]
    assert names["received_reply"] == names["request_message"]
    assert names["client_auth_key"] is None

"""A warm dbt: dbt imported once, each invocation a fork of this process.

Started by DbtWorker inside the same confinement and with the same environment a cold dbt
invocation gets. It reads one JSON request per line on stdin, {"argv": [...], "cwd": "..."}, and
answers each on its own stdout with {"exit": N, "stdout": "...", "stderr": "..."}. The invocation
runs in a forked child exactly as the `dbt` script runs it (dbt.cli.main.cli with those
arguments), its output in files of its own, so no state of one invocation reaches the next, and a
child that is killed leaves the worker as it was. The first line it prints, {"ready": ...}, says
the imports are done.
"""

import importlib
import importlib.util
import json
import os
import pkgutil
import sys
import tempfile

answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
quiet = os.open(os.devnull, os.O_RDWR)
os.dup2(quiet, 1)

import dbt.adapters  # noqa: E402
from dbt.cli.main import cli  # noqa: E402

# what an invocation would import anyway: the adapters installed beside dbt, and its tasks
for adapter in pkgutil.iter_modules(dbt.adapters.__path__):
    if importlib.util.find_spec("dbt.include." + adapter.name) is not None:
        try:
            importlib.import_module("dbt.adapters." + adapter.name)
        except Exception:  # an adapter that does not import is imported (and fails) in the child
            pass
for module in ("dbt.task.build", "dbt.task.compile", "dbt.task.list", "dbt.parser.manifest"):
    try:
        importlib.import_module(module)
    except ImportError:
        pass


def answer(message):
    answers.write(json.dumps(message) + "\n")
    answers.flush()


def invoke(request, out, err):
    """In the child: dbt's own entry point on the request, its output in out and err; never returns."""
    code = 2
    try:
        answers_fd = answers.fileno()
        os.close(answers_fd)  # only the worker answers: nothing dbt runs can write an answer
        os.chdir(request["cwd"])
        argv = [str(argument) for argument in request["argv"]]
        os.dup2(quiet, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.argv = ["dbt"] + argv
        try:
            cli()
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException as error:  # dbt's own uncaught exception, as the cold dbt would show it
        sys.stderr.write("%s: %s\n" % (type(error).__name__, error))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run(request):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = os.fork()
        if child == 0:
            invoke(request, out.fileno(), err.fileno())
        _, status = os.waitpid(child, 0)
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "exit": code,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


answer({"ready": True})
for line in sys.stdin:
    answer(run(json.loads(line)))

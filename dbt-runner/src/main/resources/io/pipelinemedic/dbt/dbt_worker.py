"""A warm dbt: dbt imported once, each invocation a fork of this process.

Started by DbtWorker inside the same confinement and with the same environment a cold dbt
invocation gets. It reads one JSON request per line on stdin, {"id": N, "argv": [...], "cwd": "..."},
and answers each on its own stdout with {"id": N, "exit": N, "stdout": "...", "stderr": "..."}. The
invocation runs in a forked child exactly as the `dbt` script runs it (dbt.cli.main.cli with those
arguments, its exit handlers run at its end, as at a cold dbt's exit), its output in files of its
own. Started with the argument `confined` (its own PID namespace), it ends every process the
invocation left behind after each one, as a cold invocation's sandbox ends with it. The first line
it prints, {"ready": ...}, says the imports are done.
"""

import atexit
import ctypes
import importlib
import importlib.util
import json
import os
import pkgutil
import signal
import sys
import tempfile
import traceback

CONFINED = sys.argv[1:] == ["confined"]

# nothing an invocation runs may read this process's files (its answers) through /proc
ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0

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
    code = 1
    try:
        os.close(answers.fileno())  # only the worker answers
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
            if exit.code is None or isinstance(exit.code, int):
                code = exit.code or 0
            else:
                sys.stderr.write("%s\n" % exit.code)
        atexit._run_exitfuncs()  # dbt's adapters close their databases there (DuckDB checkpoints)
    except BaseException:  # dbt's own uncaught exception, as the cold dbt's interpreter shows it
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def clean_up():
    """Ends every process the invocation left behind (only when confined: its own namespace)."""
    if not CONFINED:
        return
    try:
        os.kill(-1, signal.SIGKILL)  # every process of this namespace but this one and its init
    except ProcessLookupError:
        pass


def run(request):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = os.fork()
        if child == 0:
            invoke(request, out.fileno(), err.fileno())
        _, status = os.waitpid(child, 0)
        clean_up()
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "id": request["id"],
            "exit": code if code >= 0 else 128 - code,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


answer({"ready": True})
for line in sys.stdin:
    answer(run(json.loads(line)))

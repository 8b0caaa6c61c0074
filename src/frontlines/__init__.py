"""frontlines: raw news pages about armed conflict -> evidenced, geocoded ACLED-style events."""

import importlib.abc
import sys


class _TorchHiddenFromThinc(importlib.abc.MetaPathFinder):
    """thinc, spaCy's machine-learning layer, imports torch whenever it is installed (7 s and
    200 MB per process) though en_core_web_sm never runs on it. torch is only installed because
    the package that ships the MiniLM weights depends on it, and frontlines runs that model in
    NumPy. So thinc's probe is answered "not installed"; any other `import torch` works."""

    def find_spec(self, fullname, path, target=None):
        if fullname == "torch":
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__") == "thinc.compat":
                    raise ModuleNotFoundError("torch is not used by frontlines' spaCy models", name="torch")
                frame = frame.f_back
        return None


if not any(isinstance(finder, _TorchHiddenFromThinc) for finder in sys.meta_path):
    sys.meta_path.insert(0, _TorchHiddenFromThinc())

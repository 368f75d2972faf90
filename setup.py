"""Package layout that pyproject.toml alone cannot express.

ENGINEERING.md keeps `resources/` at the top of the repository. Inside the wheel it becomes the
data-only package `backtracker._resources`, which `backtracker/resources.py` reads through
importlib.resources.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["backtracker", "backtracker.*"]), "backtracker._resources"],
    package_dir={"backtracker._resources": "resources"},
    package_data={"backtracker._resources": ["**/*"]},
    include_package_data=False,
)

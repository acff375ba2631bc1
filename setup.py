"""Only what pyproject.toml cannot say: resources/ ships inside the wheel as s200desk.resources."""

from setuptools import find_namespace_packages, setup

resource_packages = [
    "s200desk.resources" + ("." + name if name else "")
    for name in ["", *find_namespace_packages(where="resources")]
]

setup(
    # Namespace-aware, as pyproject's own find would be: a folder without __init__.py still ships.
    packages=find_namespace_packages(include=["s200desk", "s200desk.*"], exclude=["*.__pycache__"])
    + resource_packages,
    package_dir={"s200desk.resources": "resources"},
)

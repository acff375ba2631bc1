"""Only what pyproject.toml cannot say: resources/ ships inside the wheel as s200desk.resources."""

from setuptools import find_namespace_packages, find_packages, setup

resource_packages = [
    "s200desk.resources" + ("." + name if name else "")
    for name in ["", *find_namespace_packages(where="resources")]
]

setup(
    packages=find_packages(include=["s200desk", "s200desk.*"]) + resource_packages,
    package_dir={"s200desk.resources": "resources"},
)

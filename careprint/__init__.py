"""careprint: a clinic's YAML library of conditions and exercises, printed as branded PDF handouts."""

__version__ = "0.1.0"

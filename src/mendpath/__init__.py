"""mendpath: a guided-advice questionnaire driven by YAML rule books."""

__version__ = "0.1.0"

"""Tools for rule-book authors: example answers and route counts, drawings, scenario files."""

"""The body's input files read and checked: paths, the catalog and registry, the year's meta."""

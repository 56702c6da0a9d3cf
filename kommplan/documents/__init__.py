"""Documents in and out: importers now (extract, then structure), exporters later."""

"""Reading and checking a data package: descriptor, strict CSV reader, checks, problems."""

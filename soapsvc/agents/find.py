"""Find: being written (see the issue on reference lists and archive search); no operation is implemented yet."""

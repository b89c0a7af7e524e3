"""Project: being written (see the issue on core CRM agents); no operation is implemented yet."""

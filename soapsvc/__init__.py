"""soapsvc: an emulator of SuperOffice NetServer's Services88 SOAP web services."""

__version__ = "0.1.0"

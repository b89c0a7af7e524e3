"""XML namespaces of the NetServer contract, defined once for the whole package."""

TNS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
ARR = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
CRYPTO = "http://schemas.datacontract.org/2004/07/System.Security.Cryptography"

XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP_WSDL = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"
WSAW = "http://www.w3.org/2006/05/addressing/wsdl"

SOAP_ACTION_BASE = TNS


def soap_action(agent: str, operation: str) -> str:
    """The soapAction NetServer declares for an operation."""
    return f"{SOAP_ACTION_BASE}/{agent}/{operation}"

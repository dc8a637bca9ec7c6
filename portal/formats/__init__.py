"""Date formats for the portal's languages (FORMAT_MODULE_PATH), where Django's own differ
from what its US readers expect. Spanish keeps Django's ("6 de diciembre de 2026")."""

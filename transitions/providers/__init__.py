"""Post-acute providers: Medicare's quality measures as the portal words them, locations and
distances, the directory search, and the import of Medicare's Provider Data Catalog files."""

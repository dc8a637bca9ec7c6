"""The Infobutton lookup that EHRs configured for MedlinePlus Connect can point at unchanged.

Shaped after the HL7 Context-Aware Knowledge Retrieval (Infobutton) URL-based implementation
guide and MedlinePlus Connect's documented behaviour, because that is what EHR "patient
education" links are built for: ``request`` reads the parameters as Connect does, ``lookup``
turns codes and display names into education pages, ``feed`` writes the Atom feed and its
JSON/JSONP forms. The view (``content.api``) only wires them together.
"""

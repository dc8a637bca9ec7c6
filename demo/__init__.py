"""The demo: a fictional organization, its staff, an education library, the shipped surveys
and a year of made-up answers, with the commands that seed and try them (`seed_demo`,
`demo_summary`, `invite_demo_patient`, `generate_responses`).

It sits on top of the product and imports from it; no product app imports from here. It is
installed by the dev, test and bench settings only, never by production."""

"""`make stress`: the production configuration under load and faults (see stress/README.md)."""

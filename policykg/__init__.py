"""policykg: privacy policies as a knowledge graph of data practices.

Read policies, extract their data practices into RDF aligned with the W3C Data
Privacy Vocabulary, validate them with SHACL, and query them across companies.
"""

__version__ = "0.1.0"

"""Kolada (RKA's open database of municipal KPIs): the client, the store's values and where
the municipality ranks among all municipalities. Attribution on every answer: "Källa: Kolada"."""

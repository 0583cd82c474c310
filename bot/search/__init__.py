"""Full-text search of the documents' sections (issue 15).

`stemming` turns Swedish text into the stems that are indexed and looked for (Snowball's
Swedish stemmer), `index` turns a plan file's sections into the rows the store indexes, and
`passages` finds the best passages for a question and shortens them around the words that
matched. The SQL (FTS5, BM25) is in store/sections.py.
"""

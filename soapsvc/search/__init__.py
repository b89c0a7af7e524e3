"""Archive searches (NetServer's archive providers), shared by the Archive and Find agents.

Behaviour only, no SQL: a request is checked and bound here, `soapsvc.store.archive` runs it.

- `model`: the vocabulary (columns and where their values live, providers, the restriction tree, a query).
- `columns`, `providers`: which providers, entities and columns soapsvc answers, by NetServer's names.
- `restrictions`: ArchiveRestrictionInfo objects (InterParenthesis, InterOperator, SubRestrictions) as a tree;
  `syntax`: the same, and column lists and sort orders, from the strings of the `...2` operations.
- `operators`: each restriction type's operators, bound to a column as a condition; `dates`: the relative
  date operators' ranges; `encoding`: NetServer's encoded values ([I:..], [F:..], [DT:..]) in and out.
- `engine`: one request from check to rendered page; `render`: rows and column descriptions as carriers.
"""

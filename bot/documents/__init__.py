"""Documents in and out: the Excel workbook (template, import, export), the Word report for
KS and the charts both the report and the digest draw.

- `layout`: the workbook's sheets and columns, shared by the template, import and export.
- `safezip`: a workbook is checked (size, zip, XML prolog) before openpyxl reads it.
- `excel_import`: a workbook read into plan data and through the same validation as YAML.
- `excel_export`: the store's plan (or the template's example) written as a workbook.
- `report`: the follow-up of the plan for a period, as a Word document.
- `charts`: line charts with Swedish numbers, target and baseline lines, the unit, whole titles.
"""

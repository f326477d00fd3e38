"""The Decree-30 document kit: page layout, sections, tables, column widths, fonts."""

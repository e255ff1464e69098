"""The annual report as files (DOCX, XLSX, …); every exporter draws its tables from grid.grids()."""

"""How records are shown to the gateway, one module per area; ``documents`` renders invoices as
PDF, spreadsheets and CSV."""

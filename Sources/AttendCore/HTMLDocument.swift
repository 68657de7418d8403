extension HTML {
    /// A whole self-contained printed page: `body` (already HTML) under its title and style
    /// sheet, in `language`. The cards' and the invitations' documents are this one.
    static func document(title: String, language: ReportLanguage, styleSheet: String, body: String) -> String {
        """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(text(title))</title>
            <style>
            \(styleSheet)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}

extension HTML {
    /// A whole self-contained page: `body` (already HTML, ending in a line break) under its
    /// title and style sheet, in `language`. The cards', the invitations', the printed reports'
    /// and the reports folder's index are this one.
    ///
    /// - Parameters:
    ///   - viewport: a `<meta name="viewport">`, for a page also read on a phone's screen.
    ///   - reloadSeconds: a `<meta http-equiv="refresh">`, for a page a browser is left on.
    static func document(title: String, language: ReportLanguage, styleSheet: String, body: String, viewport: Bool = false,
                         reloadSeconds: Int? = nil) -> String {
        var meta = ""
        if viewport { meta += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" }
        if let reloadSeconds { meta += "<meta http-equiv=\"refresh\" content=\"\(reloadSeconds)\">\n" }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            \(meta)<title>\(text(title))</title>
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

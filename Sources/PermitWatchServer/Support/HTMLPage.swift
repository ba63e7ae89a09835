import PermitWatch

/// Plain HTML pages for people who open the API in a browser: UTF-8, a CJK font stack, no
/// external assets.
enum HTMLPage {
    static func render(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · permitwatch</title>
        <style>
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;margin:1.5rem;color:#222}
        table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
        th{background:#f3f3f3}a{color:#0b5394}code{background:#f6f6f6;padding:0 .2rem}nav a{margin-right:1rem}
        </style></head><body>
        <nav><a href="/">permitwatch</a><a href="/collections">collections</a><a href="/queries">queries</a><a href="/map">map</a><a href="/api.html">API</a></nav>
        <h1>\(escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    static func escape(_ text: String) -> String { MarkupText.escape(text) }

    static func table(header: [String], rows: [[String]]) -> String {
        var html = "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>"
    }

    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(escape(href))\">\(escape(text))</a>"
    }
}

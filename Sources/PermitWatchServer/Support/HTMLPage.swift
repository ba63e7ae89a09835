import PermitWatch

/// Plain HTML pages for people who open the API in a browser: UTF-8, a CJK font stack, no
/// external assets.
enum HTMLPage {
    /// - Parameter head: more of the page's `<head>` (a map's stylesheet and script).
    static func render(title: String, body: String, head: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · permitwatch</title>
        <style>
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;margin:1.5rem;color:#222}
        table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
        th{background:#f3f3f3}a{color:#0b5394}code{background:#f6f6f6;padding:0 .2rem}nav a{margin-right:1rem}
        </style>\(head)</head><body>
        <nav><a href="/">permitwatch</a><a href="/collections">collections</a><a href="/queries">queries</a><a href="/map">map</a><a href="/api.html">API</a></nav>
        <h1>\(escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    static func escape(_ text: String) -> String { MarkupText.escape(text) }

    /// A table whose ids and area codes link to their pages (`featurePage`), so a reader can
    /// go from any row to the source or area it names.
    ///
    /// - Parameter items: the collection whose items the rows are, so their own id column
    ///   (`idColumn`) links to each item's page too.
    static func table(header: [String], rows: [[String]], items: (collection: String, idColumn: String)? = nil) -> String {
        var html = "<table><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr>" + zip(header, row).map { column, value in
                let page = column == items?.idColumn && !value.isEmpty
                    ? "/collections/\(items!.collection)/items/\(LinkBuilder.escape(value))?f=html"
                    : featurePage(column: column, value: value)
                return page.map { "<td>\(link($0, value))</td>" } ?? "<td>\(escape(value))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</table>"
    }

    /// The HTML page of the source or area a column's value names, nil for other columns.
    static func featurePage(column: String, value: String) -> String? {
        guard !value.isEmpty else { return nil }
        let collection: String? = switch column {
        case "source_id", "first_source_id": "sources"
        case "prefecture_code": "prefectures"
        case "county_code": "counties"
        case "town_code": "towns"
        case "grid_code": "grids"
        default: nil
        }
        return collection.map { "/collections/\($0)/items/\(LinkBuilder.escape(value))?f=html" }
    }

    static func link(_ href: String, _ text: String) -> String {
        "<a href=\"\(escape(href))\">\(escape(text))</a>"
    }
}

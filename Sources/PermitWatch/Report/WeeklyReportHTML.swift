import Enforcement

/// The weekly report as one self-contained HTML page for leadership: a headline, the
/// choropleth, the trend, the top grids, the overdue notices and the prefecture ranking. No
/// external asset (it opens offline), UTF-8 declared, a font stack with Noto CJK, and print
/// rules for A4.
struct WeeklyReportHTML {
    let report: WeeklyReportResult

    func render() -> String {
        let r = report
        let t = r.total.figures
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Weekly report \(r.week) · \(MarkupText.escape(r.scopeTitle)) · permitwatch</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5rem;color:#222;font-size:11pt}
            h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:1.2rem 0 .4rem;break-after:avoid}
            .sub{color:#555;margin:0 0 1rem}
            .headline{display:flex;flex-wrap:wrap;gap:.6rem;break-inside:avoid}
            .headline div{border:1px solid #ccc;border-radius:4px;padding:.4rem .8rem;min-width:8rem}
            .headline b{display:block;font-size:1.6rem}
            table{border-collapse:collapse;font-size:9.5pt;margin-bottom:.5rem}td,th{border:1px solid #ccc;padding:.15rem .4rem;text-align:left}
            td.n,th.n{text-align:right}th{background:#f3f3f3}tr{break-inside:avoid}
            svg{max-width:100%;height:auto;display:block}svg.map{max-height:170mm}svg.trend{max-width:170mm}svg text{font-size:11px;fill:#444}
            .map path{stroke:#999;stroke-width:.4;fill-rule:evenodd}.map path.h{stroke:#000;stroke-width:2.5}
            \(ReportMapSVG.colours.enumerated().map { ".c\($0.offset){fill:\($0.element);background:\($0.element)}" }.joined())
            .legend span{display:inline-block;width:1.1em;height:.8em;border:1px solid #999;margin:0 .2em 0 .8em;vertical-align:middle}
            .legend span.h{border:2px solid #000;background:#fff}
            @page{size:A4;margin:12mm}
            @media print{body{margin:0;font-size:9.5pt}section{break-inside:auto}.map-section{break-before:page}}
            </style></head><body>
            <h1>Weekly report of unlicensed sources by grid — \(MarkupText.escape(r.scopeTitle))</h1>
            <p class="sub">Week \(r.week) (\(r.week.mondayText) to \(r.week.sundayText), Asia/Shanghai dates) · grid \(MarkupText.escape(r.grid)) · \(r.rows.count) grids · as the history stood at the end of the week</p>
            <section class="headline">
            <div>Unlicensed at the end of \(r.week)<b>\(t.unlicensed)</b></div>
            <div>Found this week<b>\(t.found)</b></div>
            <div>Resolved this week<b>\(t.resolved)</b>\(t.resolvedPermitted) permitted, \(t.resolvedRegistered) registered, \(t.resolvedClosed) closed</div>
            <div>Under notice this week<b>\(t.noticed)</b></div>
            <div>Overdue rectifications<b>\(t.overdue)</b>of \(t.rectifying) rectifying</div>
            <div>Change vs last week<b>\(Self.signed(t.netChange))</b>from \(t.unlicensedPrevious)</div>
            </section>

            """
        html += "<section class=\"map-section\"><h2>Unlicensed sources by grid</h2>\n"
        if let outlines = r.outlines, let metricCRS = r.metricCRS {
            html += ReportMapSVG(metricCRS: metricCRS).render(rows: r.rows, outlines: outlines)
            let labels = ["0", "1", "2–3", "4–7", "8–15", "16+"]
            html += "<p class=\"legend\">" + labels.enumerated().map { "<span class=\"c\($0.offset)\"></span>\($0.element)" }.joined()
            html += r.hotspotRun == nil ? " (no hot-spot run on this grid)" : "<span class=\"h\"></span>hot spot (Gi* bin ≥ 1, run \(r.hotspotRun!))"
            html += "</p>\n"
        }
        html += "</section>\n<section><h2>Trend, last \(r.trend.count) weeks</h2>\n" + ReportTrendSVG().render(r.trend) + "\n</section>\n"

        let gridHeader = ["Grid", "Town", "County", "Officer", "Unlicensed", "Change", "Found", "Resolved"]
        func gridRows(_ rows: [WeeklyReportRow]) -> [[String]] {
            rows.map { [
                $0.name.isEmpty ? $0.code : "\($0.name) (\($0.code))", $0.townName ?? "", $0.countyName ?? "", $0.officer ?? "",
                "\($0.figures.unlicensed)", Self.signed($0.figures.netChange), "\($0.figures.found)", "\($0.figures.resolved)",
            ] }
        }
        html += "<section><h2>Top 10 grids by unlicensed sources</h2>\n" + Self.table(gridHeader, gridRows(r.topRowsByUnlicensed()), numericFrom: 4) + "</section>\n"
        html += "<section><h2>Top 10 grids by increase</h2>\n" + Self.table(gridHeader, gridRows(r.topRowsByIncrease()), numericFrom: 4) + "</section>\n"

        html += "<section><h2>Overdue rectifications (\(r.overdue.count))</h2>\n"
        html += Self.table(
            ["Source", "Name", "Grid", "Town", "Deadline", "Days overdue"],
            r.overdue.map { [$0.sourceID, $0.name, $0.gridName ?? $0.gridCode ?? "", $0.townName ?? "", $0.deadline, "\($0.daysOverdue)"] }, numericFrom: 5)
        html += "</section>\n"

        html += "<section><h2>Prefectures</h2>\n"
        let byChange = Dictionary(uniqueKeysWithValues: r.prefecturesByChange.enumerated().map { ($1.code, $0 + 1) })
        html += Self.table(
            ["Rank", "Prefecture", "Unlicensed", "Change", "Rank by change", "Found", "Resolved", "Overdue"],
            r.prefecturesByUnlicensed.enumerated().map { k, p in
                ["\(k + 1)", "\(p.name) (\(p.code))", "\(p.figures.unlicensed)", Self.signed(p.figures.netChange), "\(byChange[p.code] ?? 0)",
                 "\(p.figures.found)", "\(p.figures.resolved)", "\(p.figures.overdue)"]
            }, numericFrom: 2)
        html += "</section>\n<p class=\"sub\">permitwatch · uninspected = unlicensed or rectifying sources with no inspection in the last \(r.inspectionWeeks) weeks: \(t.uninspected.map(String.init) ?? "no inspections recorded")</p>\n</body></html>\n"
        return html
    }

    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

    static func table(_ header: [String], _ rows: [[String]], numericFrom: Int) -> String {
        guard !rows.isEmpty else { return "<p>None.</p>\n" }
        func cell(_ tag: String, _ k: Int, _ text: String) -> String {
            "<\(tag)\(k == 0 || k < numericFrom ? "" : " class=\"n\"")>\(MarkupText.escape(text))</\(tag)>"
        }
        var html = "<table><tr>" + header.enumerated().map { cell("th", $0.offset, $0.element) }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }
}

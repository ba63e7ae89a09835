/// The weekly report as Markdown, short enough to paste into a message: the headline, the
/// prefecture ranking (or the towns of a smaller area), the top grids, and every grid's row
/// when the area is small (a grid officer's own grids).
struct WeeklyReportMarkdown {
    let report: WeeklyReportResult
    /// Up to this many grids, every row is listed.
    var allRowsUpTo = 60

    func render() -> String {
        let r = report, t = r.total.figures
        var md = "# Weekly report of unlicensed sources by grid — \(r.scopeTitle), \(r.week)\n\n"
        md += "\(r.week.mondayText) to \(r.week.sundayText), grid \(r.grid), \(r.rows.count) grids.\n\n"
        md += "- **Unlicensed at the end of \(r.week): \(t.unlicensed)** (\(WeeklyReportHTML.signed(t.netChange)) against last week's \(t.unlicensedPrevious))\n"
        md += "- Found: \(t.found); resolved: \(t.resolved) (\(t.resolvedPermitted) permitted, \(t.resolvedRegistered) registered, \(t.resolvedClosed) closed); under notice: \(t.noticed)\n"
        md += "- Rectifying: \(t.rectifying), of which overdue: \(t.overdue)" + (t.oldestOverdueDays.map { " (oldest \($0) days)" } ?? "") + "\n"
        if let uninspected = t.uninspected { md += "- Not inspected in the last \(r.inspectionWeeks) weeks: \(uninspected)\n" }
        md += "\n"
        if r.prefectures.count > 1 {
            md += "## Prefectures by unlicensed sources\n\n" + Self.table(
                ["#", "Prefecture", "Unlicensed", "Change", "Found", "Resolved", "Overdue"],
                r.prefecturesByUnlicensed.enumerated().map { k, p in
                    ["\(k + 1)", "\(p.name) \(p.code)", "\(p.figures.unlicensed)", WeeklyReportHTML.signed(p.figures.netChange), "\(p.figures.found)",
                     "\(p.figures.resolved)", "\(p.figures.overdue)"]
                })
        } else if r.towns.count > 1 {
            md += "## Towns\n\n" + Self.table(
                ["Town", "Unlicensed", "Change", "Found", "Resolved", "Overdue"],
                r.towns.map { ["\($0.name) \($0.code)", "\($0.figures.unlicensed)", WeeklyReportHTML.signed($0.figures.netChange), "\($0.figures.found)", "\($0.figures.resolved)", "\($0.figures.overdue)"] })
        }
        let header = ["Grid", "Town", "Officer", "Unlicensed", "Change", "Found", "Resolved", "Overdue"]
        func rows(_ list: [WeeklyReportRow]) -> [[String]] {
            list.map { [
                $0.name.isEmpty ? $0.code : "\($0.name) \($0.code)", $0.townName ?? "", $0.officer ?? "", "\($0.figures.unlicensed)",
                WeeklyReportHTML.signed($0.figures.netChange), "\($0.figures.found)", "\($0.figures.resolved)", "\($0.figures.overdue)",
            ] }
        }
        if r.rows.count <= allRowsUpTo {
            md += "## Grids\n\n" + Self.table(header, rows(r.rows))
        } else {
            md += "## Top 10 grids by unlicensed sources\n\n" + Self.table(header, rows(r.topRowsByUnlicensed()))
            md += "## Top 10 grids by increase\n\n" + Self.table(header, rows(r.topRowsByIncrease()))
        }
        return md
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "None.\n\n" }
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return line(header) + "|" + header.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined() + "\n" + rows.map(line).joined() + "\n"
    }
}

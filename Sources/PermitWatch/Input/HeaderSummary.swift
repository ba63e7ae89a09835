/// A CSV header as an error message quotes it: whole when it is short, cut when the "header" is
/// really a whole file without line breaks (a JSON file passed by mistake, say).
enum HeaderSummary {
    /// The column names joined with commas, at most `limit` characters of them. A blank name is
    /// shown as `(blank)`: a header of blank names (a line of commas) was quoted as ", , , ".
    static func describe(_ header: [String], limit: Int = 200) -> String {
        var whole = ""
        for (k, name) in header.enumerated() {
            if k > 0 { whole += ", " }
            whole += name.trimmingCharacters(in: .whitespaces).isEmpty ? "(blank)" : name
            // Stop early: the "header" may be a whole file of a few hundred thousand columns.
            if whole.count > limit { return String(whole.prefix(limit)) + " … (\(header.count) columns)" }
        }
        return whole
    }
}

/// A CSV header as an error message quotes it: whole when it is short, cut when the "header" is
/// really a whole file without line breaks (a JSON file passed by mistake, say).
enum HeaderSummary {
    /// The column names joined with commas, at most `limit` characters of them.
    static func describe(_ header: [String], limit: Int = 200) -> String {
        let whole = header.joined(separator: ", ")
        guard whole.count > limit else { return whole }
        return String(whole.prefix(limit)) + " … (\(header.count) columns)"
    }
}

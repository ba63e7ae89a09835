import Store

/// The catalog's `:name` placeholders turned into PostgreSQL's `$1, $2, …`, the same name the
/// same number: catalog queries are written with named placeholders in both dialects.
///
/// Text in quotes ('…', "…", $$…$$), comments and `::` casts are left as they are.
struct NamedParameters {
    /// The statement with numbered placeholders.
    let sql: String
    /// The names, in placeholder order: `$1` is `names[0]`.
    let names: [String]

    init(_ text: String) throws {
        var output = ""
        var names: [String] = []
        let characters = Array(text)
        var i = 0
        func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
        func isNamePart(_ c: Character) -> Bool { isNameStart(c) || (c.isASCII && c.isNumber) }
        while i < characters.count {
            let c = characters[i]
            let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            switch c {
            case "'", "\"":
                // Up to the closing quote; a doubled quote inside is an escaped one.
                var j = i + 1
                while j < characters.count {
                    if characters[j] == c {
                        if j + 1 < characters.count, characters[j + 1] == c { j += 2; continue }
                        break
                    }
                    j += 1
                }
                output.append(contentsOf: characters[i..<min(j + 1, characters.count)])
                i = j + 1
            case "-" where next == "-":
                var j = i
                while j < characters.count, characters[j] != "\n" { j += 1 }
                output.append(contentsOf: characters[i..<j])
                i = j
            case "/" where next == "*":
                var j = i + 2
                while j + 1 < characters.count, !(characters[j] == "*" && characters[j + 1] == "/") { j += 1 }
                let end = min(j + 2, characters.count)
                output.append(contentsOf: characters[i..<end])
                i = end
            case "$" where next == "$":
                let rest = String(characters[(i + 2)...])
                guard let close = rest.range(of: "$$") else { throw StoreError(message: "a $$ string without its end", sql: text) }
                let length = rest.distance(from: rest.startIndex, to: close.upperBound)
                output.append(contentsOf: characters[i..<(i + 2 + length)])
                i += 2 + length
            case "$" where next.map { $0.isASCII && $0.isNumber } ?? false:
                throw StoreError(message: "numbered placeholder $\(next!); use named placeholders (:name)", sql: text)
            case ":" where next == ":":
                output.append("::")
                i += 2
            case ":" where next.map(isNameStart) ?? false:
                var j = i + 1
                while j < characters.count, isNamePart(characters[j]) { j += 1 }
                let name = String(characters[(i + 1)..<j])
                if let known = names.firstIndex(of: name) {
                    output.append("$\(known + 1)")
                } else {
                    names.append(name)
                    output.append("$\(names.count)")
                }
                i = j
            default:
                output.append(c)
                i += 1
            }
        }
        self.sql = output
        self.names = names
    }
}

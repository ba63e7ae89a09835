/// Company names in the shapes found on Guangdong permit lists:
/// `佛山市鑫华塑料制品有限公司`, `佛山市南海区鑫华塑料制品有限公司`, `鑫华塑料制品（佛山）有限公司`,
/// `南海区大沥镇鑫华五金厂`, farms as `…养殖场`, hospitals as `…医院`.
///
/// Works on UTF-8 bytes prepared once, because it runs for every one of ~680,000 sources.
struct CompanyNamer: Sendable {
    private let brand: [[UInt8]]
    private let words: [[[UInt8]]]
    private let suffixes: [[[UInt8]]]
    private let plainCompany: [Bool]
    private static let city = Array("市".utf8)
    private static let open = Array("（".utf8)
    private static let closeCompany = Array("）有限公司".utf8)

    init(industries: [Industry]) {
        brand = Syllables.brand.map { Array(String($0).utf8) }
        words = industries.map { $0.words.map { Array($0.utf8) } }
        suffixes = industries.map { $0.suffixes.map { Array($0.utf8) } }
        plainCompany = industries.map { $0.suffixes.contains("有限公司") }
    }

    /// Appends a name for a source of `industry` registered in the given places.
    func write(
        into out: inout ByteBuffer, prefecture: [UInt8], county: [UInt8], town: [UInt8], industry: Int,
        rng: inout SeededRandom
    ) {
        let a = rng.below(brand.count)
        var b = rng.below(brand.count)
        if a == b { b = (a + 1 + rng.below(brand.count - 1)) % brand.count }
        let word = words[industry][rng.below(words[industry].count)]
        let suffix = suffixes[industry][rng.below(suffixes[industry].count)]
        let roll = rng.unit()
        if plainCompany[industry] && roll < 0.12 {
            out.append(brand[a])
            out.append(brand[b])
            out.append(word)
            out.append(Self.open)
            out.append(prefecture)
            out.append(Self.closeCompany)
            return
        }
        if roll < 0.6 {
            out.append(prefecture)
            out.append(Self.city)
        } else if roll < 0.85 {
            out.append(prefecture)
            out.append(Self.city)
            out.append(county)
        } else {
            out.append(county)
            out.append(town)
        }
        out.append(brand[a])
        out.append(brand[b])
        out.append(word)
        out.append(suffix)
    }
}

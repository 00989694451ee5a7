/// Passwords of 12 or more characters that appear again and again in published leaks, plus the
/// patterns people reach for when a rule demands length (repeated characters, keyboard rows,
/// counting). Shorter ones are refused by length anyway. Compared in lowercase.
enum CommonPasswords {
    static let list: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123456789123", "111111111111",
        "000000000000", "123123123123", "121212121212", "112233445566", "098765432109",
        "passwort1234", "passwort12345", "password1234", "password12345", "password123456",
        "passwordpassword", "passwortpasswort", "password1234!", "passwort1234!", "passwort123!",
        "qwertzuiop12", "qwertyuiop12", "qwertzuiopü", "qwertzuiopü+", "qwertyuiopasdf",
        "qwertzuiopasdf", "asdfghjklöä#", "asdfghjkl123", "yxcvbnm12345", "qwerty123456",
        "qwertz123456", "1q2w3e4r5t6z", "1q2w3e4r5t6y", "q1w2e3r4t5z6", "1qay2wsx3edc",
        "1qaz2wsx3edc", "qayxswedcvfr", "hallohallo12", "hallo1234567", "hallo123456!",
        "willkommen12", "willkommen123", "willkommen1234", "willkommen2024", "willkommen2025",
        "willkommen2026", "sommer2024!!", "sommer20242024", "winter2025!!", "fruehling2026",
        "herbst2025!!", "januar2026!!", "dezember2025", "november2026", "oktober2026!",
        "schalke04schalke04", "borussia09bvb", "bayernmuenchen", "fcbayern1900", "dortmund0909",
        "deutschland1", "deutschland12", "deutschland123", "deutschland2026", "germany12345",
        "ichliebedich", "ichliebedich1", "ichliebedich123", "iloveyou1234", "iloveyouiloveyou",
        "geheimgeheim", "geheim123456", "geheimpasswort", "meinpasswort", "meinpasswort1",
        "meinpasswort123", "sicherespasswort", "sicherheit123", "sicherheit2026", "startstart12",
        "start1234567", "start12345678", "test12345678", "testtesttest", "test1234test",
        "admin1234567", "adminadmin12", "administrator", "administrator1", "administrator123",
        "letmein12345", "letmeinletmein", "trustno1trustno1", "welcome12345", "welcome123456",
        "changeme1234", "changemechangeme", "abc123abc123", "abcdefghijkl", "abcdefgh1234",
        "abcd1234abcd", "aaaaaaaaaaaa", "aaaaaaaaaaaaa", "zzzzzzzzzzzz", "monkeymonkey",
        "dragondragon", "superman1234", "batman123456", "starwars1234", "pokemon12345",
        "sonnenschein", "sonnenschein1", "sonnenschein123", "schmetterling", "schneeflocke",
        "gummibaerchen", "gummibärchen", "prinzessin12", "fussball1234", "fußball12345",
        "lotse1234567", "lotselotse12", "kimkimkimkim", "integration1", "integration123",
        "integration2026", "paderborn123", "paderborn1234", "paderborn2026", "kreispaderborn",
        "rathaus12345", "verwaltung12", "verwaltung123", "jobcenter123", "jobcenter1234",
        "casemanagement", "casemanager1", "casemanager123", "datenschutz1", "datenschutz123",
        "1234567890ab", "12345678abcd", "1234qwerasdf", "qwer1234asdf", "asdf1234qwer",
        "zaq12wsxcde3", "!qaz2wsx#edc", "p@ssw0rd1234", "p@ssword1234", "passw0rd1234",
        "pa$$word1234", "password!234", "passwort!234", "hallo!234567",
    ]

    static func contains(_ folded: String) -> Bool {
        if list.contains(folded) { return true }
        let characters = Array(folded)
        // One character repeated, or two alternating ("abababababab").
        if Set(characters).count <= 2 { return true }
        // Counting up or down by one throughout ("3456789012…", "zyxwvu…").
        let scalars = folded.unicodeScalars.map(\.value)
        let steps = zip(scalars.dropFirst(), scalars).map { Int($0) - Int($1) }
        if steps.allSatisfy({ $0 == 1 || $0 == -9 }) || steps.allSatisfy({ $0 == -1 || $0 == 9 }) { return true }
        // A short word repeated to reach the length ("abcabcabcabc").
        for period in 1...6 where characters.count % period == 0 && characters.count / period >= 2 {
            let unit = Array(characters.prefix(period))
            if stride(from: 0, to: characters.count, by: period).allSatisfy({ Array(characters[$0..<$0 + period]) == unit }) {
                return true
            }
        }
        return false
    }
}

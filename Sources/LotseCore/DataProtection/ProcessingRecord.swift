/// The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 GDPR) of
/// one district's Lotse, written from what the district has configured: its name, its
/// data-protection officers, its retention periods and its threshold for small numbers, and the
/// organisations of its directory that can receive data. The data-protection officer prints it or
/// exports it; it changes when the configuration changes, so it never lags behind.
public struct ProcessingRecord: Sendable, Equatable, Codable {
    public struct Activity: Sendable, Equatable, Codable {
        public let name: String
        public let purposes: String
        public let legalBasis: String
        public let dataSubjects: String
        public let dataCategories: String
        public let specialCategories: Bool
        public let recipients: String
        public let retention: String
    }

    /// What the district has configured, as the record needs it.
    public struct Configuration: Sendable {
        public let districtName: String
        public let dataProtectionOfficers: [String]
        public let retention: PrivacyNotice
        public let smallNumberThreshold: Int
        /// Organisations of the directory that may receive data with a waiver, by kind (German name).
        public let recipientsByKind: [(kind: String, names: [String])]
        public let municipalities: [String]

        public init(districtName: String, dataProtectionOfficers: [String], retention: PrivacyNotice, smallNumberThreshold: Int,
                    recipientsByKind: [(kind: String, names: [String])], municipalities: [String]) {
            self.districtName = districtName
            self.dataProtectionOfficers = dataProtectionOfficers
            self.retention = retention
            self.smallNumberThreshold = smallNumberThreshold
            self.recipientsByKind = recipientsByKind
            self.municipalities = municipalities
        }
    }

    public let controller: String
    public let dataProtectionOfficers: [String]
    public let municipalities: [String]
    public let activities: [Activity]
    public let measures: [String]
    public let thirdCountries: String

    public init(_ c: Configuration) {
        controller = c.retention.controller
        dataProtectionOfficers = c.dataProtectionOfficers
        municipalities = c.municipalities
        let recipients = c.recipientsByKind.isEmpty ? "Keine Stelle ist im Angebotsverzeichnis erfasst."
            : "Nur mit einer Schweigepflichtentbindung der Person für genau diese Stelle: "
                + c.recipientsByKind.map { "\($0.kind): \($0.names.joined(separator: ", "))" }.joined(separator: "; ") + "."
        activities = [
            Activity(name: "Case Management (Baustein 2)", purposes: PrivacyNotice.purpose, legalBasis: PrivacyNotice.legalBasis,
                     dataSubjects: "Ratsuchende Menschen mit Einwanderungsgeschichte (Klient*innen); Angehörige ihres Haushalts, soweit verknüpft.",
                     dataCategories: PrivacyNotice.dataCategories, specialCategories: true, recipients: recipients, retention: c.retention.retention),
            Activity(name: "Kurzkontakte und Sprechstunden", purposes: "Zählen von Kurzberatungen ohne Einwilligung; Veröffentlichung der Sprechstunden.",
                     legalBasis: "Art. 6 Abs. 1 lit. e DSGVO (Aufgabe im öffentlichen Interesse); es werden keine Angaben zur Person gespeichert.",
                     dataSubjects: "Keine (Datum, Kommune, Zugangsweg und Themen ohne Personenbezug).", dataCategories: "Keine personenbezogenen Daten.",
                     specialCategories: false, recipients: "Keine.", retention: c.retention.retention),
            Activity(name: "Steuerung (Baustein 1) und Berichte", purposes: "Bündeln von Erkenntnissen aus den Fällen zu Themen, Vorlagen und Beschlüssen der "
                        + "Lenkungsgruppe, Berichte und Controlling für das Land.",
                     legalBasis: "Art. 6 Abs. 1 lit. e DSGVO; Erkenntnisse dürfen niemanden nennen (das Programm weist Namen ab).",
                     dataSubjects: "Mitglieder der Gremien (Name, Organisation); keine Klient*innen.",
                     dataCategories: "Namen und Organisationen der Gremienmitglieder; Zahlen ohne Personenbezug, kleine Zahlen unter "
                        + "\(c.smallNumberThreshold) werden nicht ausgewiesen.",
                     specialCategories: false, recipients: "Lenkungsgruppe; das Land erhält nur Zahlen ohne Personenbezug.",
                     retention: "Solange das Gremium besteht; Zahlen vergangener Zeiträume bleiben unverändert."),
            Activity(name: "Benutzerkonten und Protokoll", purposes: "Anmeldung, Rechte nach Rolle und Kommune, Nachweis jedes Zugriffs auf "
                        + "personenbezogene Daten.",
                     legalBasis: "Art. 6 Abs. 1 lit. c und e DSGVO, § 26 DSG NRW (Beschäftigtendaten).",
                     dataSubjects: "Beschäftigte des Kreises und der Kommunen, die Lotse nutzen.",
                     dataCategories: "Name, Benutzername, Rollen, Zuständigkeit, Anmeldezeiten, IP-Adresse und jede Aktion im Protokoll "
                        + "(ohne Inhalte der Fälle).",
                     specialCategories: false, recipients: "Datenschutz des Kreises; Fachadministration (nur Konten, nicht das Protokoll).",
                     retention: "Konten bis zur Deaktivierung; das Protokoll wird nicht verändert (Hash-Kette) und mit den "
                        + "Sicherungen aufbewahrt."),
        ]
        measures = [
            "Verschlüsselung: Jede Person hat einen eigenen Schlüssel (AES-256-GCM); alle Texte und Angaben zur Person sind damit "
                + "verschlüsselt, der Hauptschlüssel liegt außerhalb der Datenbank. Wird der Schlüssel vernichtet, ist die Person auch "
                + "in älteren Sicherungen unlesbar.",
            "Anmeldung mit Passwort und zweitem Faktor (TOTP); Sperre nach wiederholten Fehlversuchen; Sitzungen enden nach Untätigkeit.",
            "Rechte nach Rolle und Kommune: Case Management sieht nur die Fälle seiner Kommunen; Koordination und Lenkungsgruppe sehen "
                + "Fälle nur pseudonymisiert, die Fachadministration keine Fälle.",
            "Vier Augen: neue Rollen und jede Löschung auf Antrag bestätigt eine zweite Person.",
            "Jede Weitergabe nur mit Schweigepflichtentbindung für genau die empfangende Stelle; eine Einschränkung der Verarbeitung "
                + "sperrt jede Änderung und Weitergabe.",
            "Unveränderliches Protokoll jedes Zugriffs (Hash-Kette mit regelmäßigen Ankerpunkten).",
            "Löschfristen: abgeschlossene Fälle werden nach \(c.retention.closedCaseMonths) bzw. \(c.retention.firstContactMonths) Monaten "
                + "anonymisiert; Löschungen auf Antrag werden auch nach dem Zurückspielen einer älteren Sicherung nachgeholt.",
            "Zahlen in Berichten erst ab \(c.smallNumberThreshold) Fällen, damit niemand erkennbar wird.",
            "Transportverschlüsselung (TLS) über den vorgeschalteten Webserver; Sicherheits-Header und Begrenzung der Anfragen je Adresse.",
        ]
        thirdCountries = "Keine Übermittlung in Drittländer; Lotse läuft auf Servern des Kreises oder seines kommunalen Rechenzentrums."
    }
}

/// Which steps of a referral pass data of the client to its recipient (DESIGN.md §4.2), and so
/// need a valid Schweigepflichtentbindung for that recipient at the moment they are taken.
///
/// A referral discloses from "handed over" on (`ReferralStatus.passesData`): the recipient has the
/// data, accepts, declines or completes. Every step *into* such a state needs the waiver, from
/// whichever state it starts, not only the step planned → handed over; so does every handover item
/// added. Recording feedback without changing the state passes nothing new.
public enum DisclosureGate {
    /// A new referral in `status` handing over `items`.
    public static func creationDiscloses(_ status: ReferralStatus, items: Set<HandoverItem>) -> Bool {
        status.passesData || !items.isEmpty
    }

    /// A referral moved from `current` to `next`, with `addedItems` handed over in addition.
    public static func updateDiscloses(from current: ReferralStatus, to next: ReferralStatus, addedItems: Set<HandoverItem>) -> Bool {
        (next != current && next.passesData) || !addedItems.isEmpty
    }
}

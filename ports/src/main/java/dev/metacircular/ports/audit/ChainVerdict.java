package dev.metacircular.ports.audit;

/** What {@link AuditChain.Verifier} found in one audit log. */
public sealed interface ChainVerdict {

  /**
   * Every chained entry matches its hash and follows its predecessor.
   *
   * @param entries entries checked
   * @param headId the id of the newest entry, 0 when the log has no chained entry
   * @param headHash the newest entry's hash in hex (the value to anchor elsewhere), empty when the
   *     log has no chained entry
   */
  record Intact(long entries, long headId, String headHash) implements ChainVerdict {}

  /**
   * The first entry where the chain breaks.
   *
   * @param entryId the id of that entry
   * @param problem what is wrong, for a person: {@code edited} (the entry does not match its own
   *     hash), {@code missing predecessor} (it is not chained to the entry stored before it: that
   *     one, or one between them, was deleted or edited), {@code unchained} (an entry whose hashes
   *     were removed) or {@code anchor mismatch}
   * @param detail a sentence saying what was expected
   * @param checkedBefore entries found intact before this one
   */
  record Broken(long entryId, String problem, String detail, long checkedBefore)
      implements ChainVerdict {}
}

package io.pdlake.audit;

import java.util.Locale;

/**
 * What an audit event records (Art. 34, item 4: copy, export, desensitise, destroy; plus the
 * share decisions that give or take away access). Written in the log in lower case with dashes.
 */
public enum AuditAction
{
    SHARE_REQUEST,
    SHARE_REVIEW,
    SHARE_REPLY,
    SHARE_DELIVERY,
    SHARE_REFUSAL,
    GRANT,
    REVOKE,
    OVERRIDE,
    OVERRIDE_LIFT,
    EXPORT,
    DESENSITISE,
    ROLLBACK;

    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

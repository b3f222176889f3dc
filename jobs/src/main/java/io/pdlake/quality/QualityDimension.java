package io.pdlake.quality;

import java.util.Locale;

/** The quality dimensions of GB/T 36344-2018, with the Chinese names bureau staff use. */
public enum QualityDimension
{
    CONFORMITY("规范性"),
    COMPLETENESS("完整性"),
    ACCURACY("准确性"),
    CONSISTENCY("一致性"),
    TIMELINESS("时效性"),
    ACCESSIBILITY("可访问性");

    private final String chineseName;

    QualityDimension(String chineseName)
    {
        this.chineseName = chineseName;
    }

    public String chineseName()
    {
        return chineseName;
    }

    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}

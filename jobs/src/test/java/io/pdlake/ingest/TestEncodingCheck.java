package io.pdlake.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TestEncodingCheck
{
    private static final Charset GBK = Charset.forName("GBK");

    @Test
    void acceptsGenuineText()
    {
        assertThat(new EncodingCheck("GBK").problem("130502198001011234,张三,1,河北省邢台市信都区中兴大街1号")).isEmpty();
        assertThat(new EncodingCheck("GB18030").problem("邢台𠀀記小吃店,欧阳小明")).isEmpty();
        assertThat(new EncodingCheck("UTF-8").problem("张三,河北省")).isEmpty();
    }

    @Test
    void gbkThatHappensToBeValidUtf8IsNotMistakenForIt()
    {
        // 郑强 and 郑伟 in GBK are D6A3 C7BF and D6A3 CEB0: valid two-byte UTF-8, but not Chinese
        assertThat(new EncodingCheck("GB18030").problem("130582194704116554,郑强,CE00010998,郑伟,504,2024-07-12,2026-11-02 13:24:02")).isEmpty();
    }

    @Test
    void findsUtf8BytesDeclaredGbk()
    {
        String misread = new String("张三,河北省邢台市".getBytes(StandardCharsets.UTF_8), GBK);
        assertThat(new EncodingCheck("GBK").problem(misread)).contains("the bytes are UTF-8, declared GBK");
    }

    @Test
    void findsUndecodableBytesAndNul()
    {
        assertThat(new EncodingCheck("UTF-8").problem("张\uFFFD三")).contains("declared UTF-8");
        assertThat(new EncodingCheck("UTF-8").problem("a\u0000,b\u0000")).hasValueSatisfying(problem -> assertThat(problem).startsWith("NUL bytes"));
    }

    @Test
    void tooLittleTextToTellIsAccepted()
    {
        assertThat(new EncodingCheck("GBK").problem("A,中")).isEmpty();
    }
}

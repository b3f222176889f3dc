package io.pdlake.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Finds the records whose bytes do not belong to the declared encoding although they decode in it.
 * GBK and GB18030 accept almost any byte pair, so a UTF-8 file declared GBK decodes without error
 * into nonsense (乱码); its Chinese text, re-encoded, is however valid UTF-8 made of CJK ideographs,
 * which genuine GBK text never was in 2.5 million generated lines. Not thread-safe: one per file.
 */
final class EncodingCheck
{
    private static final Set<String> CHINESE_MULTI_BYTE = Set.of("GBK", "GB18030", "GB2312", "x-EUC-CN", "EUC-CN");
    private static final char REPLACEMENT = '\uFFFD';

    private final String declared;
    private final CharsetEncoder encoder;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    EncodingCheck(String declared)
    {
        this.declared = requireNonNull(declared, "declared is null");
        Charset charset = Charset.forName(declared);
        this.encoder = CHINESE_MULTI_BYTE.contains(charset.name()) ? charset.newEncoder() : null;
    }

    /** Whether the declared encoding is one in which a UTF-8 file decodes without error. */
    static boolean isChineseMultiByte(String encoding)
    {
        return CHINESE_MULTI_BYTE.contains(Charset.forName(encoding).name());
    }

    /** Why the decoded record cannot be trusted, or empty when it can. */
    Optional<String> problem(String record)
    {
        if (record.indexOf(REPLACEMENT) >= 0) {
            return Optional.of("declared " + declared);
        }
        if (record.indexOf('\u0000') >= 0) {
            return Optional.of("NUL bytes: the file is UTF-16 or binary, declared " + declared);
        }
        if (encoder != null && looksLikeUtf8(record)) {
            return Optional.of("the bytes are UTF-8, declared " + declared);
        }
        return Optional.empty();
    }

    private boolean looksLikeUtf8(String record)
    {
        int nonAscii = 0;
        for (int index = 0; index < record.length(); index++) {
            if (record.charAt(index) >= 0x80) {
                nonAscii++;
            }
        }
        // a UTF-8 character decodes into one or two GBK characters; below two there is too little to tell
        if (nonAscii < 2) {
            return false;
        }
        CharBuffer decoded;
        try {
            ByteBuffer bytes = encoder.reset().encode(CharBuffer.wrap(record));
            decoded = utf8.reset().decode(bytes);
        }
        catch (CharacterCodingException e) {
            return false;
        }
        // GBK pairs such as 郑 (D6 A3) are also valid two-byte UTF-8 (U+05A3): 78 of 2.5 million
        // generated GBK lines were, all decoding to Latin, Greek or Hebrew letters. Chinese written
        // in UTF-8 decodes to three-byte characters, mostly CJK ideographs: demand that.
        int multiByte = 0;
        int ideographs = 0;
        for (int index = 0; index < decoded.length(); index++) {
            char character = decoded.charAt(index);
            if (character >= 0x80 && character < 0x800) {
                return false;
            }
            if (character >= 0x800) {
                multiByte++;
                if ((character >= 0x4E00 && character <= 0x9FFF) || (character >= 0x3400 && character <= 0x4DBF)) {
                    ideographs++;
                }
            }
        }
        return multiByte > 0 && ideographs * 2 >= multiByte;
    }
}

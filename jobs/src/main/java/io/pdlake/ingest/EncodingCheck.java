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
 * into nonsense (乱码); its Chinese text, re-encoded, is however valid UTF-8, which genuine GBK text
 * of more than a character or two practically never is. Not thread-safe: one per file.
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
        try {
            ByteBuffer bytes = encoder.reset().encode(CharBuffer.wrap(record));
            utf8.reset().decode(bytes);
            return true;
        }
        catch (CharacterCodingException e) {
            return false;
        }
    }
}

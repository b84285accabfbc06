package io.jbroker.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Parses a PEM private key the way OpenSSL writes them: PKCS#8 ({@code PRIVATE KEY}), encrypted
 * PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, PBES1 or PBES2), and unencrypted traditional {@code RSA
 * PRIVATE KEY} / {@code EC PRIVATE KEY}. Legacy OpenSSL encryption ({@code Proc-Type:
 * 4,ENCRYPTED}) is refused with a hint to convert the key. Error messages never contain key bytes.
 */
final class PemPrivateKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "DSA"};

    private PemPrivateKeys() {}

    static PrivateKey read(byte[] pem, char[] passphrase) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IOException("no PEM private key block found");
        }
        String type = m.group(1);
        String body = m.group(2);
        if (body.contains("Proc-Type:")) {
            throw new IOException(
                    "legacy OpenSSL key encryption is not supported;" + " convert the key with 'openssl pkcs8 -topk8'");
        }
        byte[] der = Base64.getMimeDecoder().decode(body.trim());
        switch (type) {
            case "PRIVATE KEY":
                return pkcs8(der);
            case "ENCRYPTED PRIVATE KEY":
                if (passphrase == null) {
                    throw new IOException("the key is encrypted but no passphrase is configured");
                }
                return pkcs8(decrypt(der, passphrase));
            case "RSA PRIVATE KEY":
                return pkcs8(
                        "RSA",
                        new PrivateKeyInfo(
                                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                                        RSAPrivateKey.getInstance(der))
                                .getEncoded());
            case "EC PRIVATE KEY":
                ECPrivateKey ec = ECPrivateKey.getInstance(der);
                return pkcs8(
                        "EC",
                        new PrivateKeyInfo(
                                        new AlgorithmIdentifier(
                                                X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()),
                                        ec)
                                .getEncoded());
            default:
                throw new IOException("unsupported PEM block " + type);
        }
    }

    private static byte[] decrypt(byte[] der, char[] passphrase) throws IOException, GeneralSecurityException {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        AlgorithmParameters params = info.getAlgParameters();
        // For PBES2 the parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256.
        String algorithm = params != null ? params.toString() : info.getAlgName();
        if (algorithm == null || algorithm.contains(" ") || algorithm.isEmpty()) {
            algorithm = info.getAlgName();
        }
        PBEKeySpec spec = new PBEKeySpec(passphrase);
        try {
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(spec), params);
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("cannot decrypt the key (wrong passphrase?): " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    private static PrivateKey pkcs8(String algorithm, byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not a supported private key (RSA, EC, EdDSA, DSA)", last);
    }
}

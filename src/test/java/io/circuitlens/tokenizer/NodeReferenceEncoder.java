package io.circuitlens.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helper: runs the JavaScript encoder of {@link JsReferencePackage} under {@code node} on a batch of texts and id
 * sequences, in one process, and returns its encodings and decodings.
 */
final class NodeReferenceEncoder {
    private static final long NODE_TIMEOUT_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The script given to node. The package knows nothing of special tokens, so the script splits on
     * {@code <|endoftext|>} itself and puts its id between the encoded parts, as Hugging Face does.
     */
    private static final String SCRIPT = """
            // Written by the circuitlens tests: encodes and decodes with the gpt-3-encoder package.
            const fs = require('fs');
            const [encoderJs, inputPath, outputPath] = process.argv.slice(2);
            const { encode, decode } = require(encoderJs);
            const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'));
            const END = '<|endoftext|>';
            const END_ID = 50256;
            const encodeWithSpecial = text =>
                text.split(END).flatMap((part, i) => (i === 0 ? encode(part) : [END_ID, ...encode(part)]));
            const output = {
                encoded: input.texts.map(encodeWithSpecial),
                decoded: input.idSequences.map(ids => decode(ids)),
            };
            fs.writeFileSync(outputPath, JSON.stringify(output));
            """;

    record Input(List<String> texts, List<int[]> idSequences) {}

    record Output(List<int[]> encoded, List<String> decoded) {}

    private NodeReferenceEncoder() {}

    static Output run(Path packageFolder, Input input) throws IOException {
        Path workDir = packageFolder.getParent().getParent();
        ExternalCommand.Result version = ExternalCommand.run(workDir, workDir.resolve("node-version.log"), 30,
                List.of("node", "--version"));
        String noNode = "skipping the JavaScript reference comparison: node is not available: " + version.outputTail();
        if (!version.ok()) System.out.println(noNode);
        assumeTrue(version.ok(), noNode);

        Path script = workDir.resolve("gpt2-reference.js");
        Path inputFile = Files.createTempFile(workDir, "reference-input", ".json");
        Path outputFile = workDir.resolve(inputFile.getFileName().toString().replace("input", "output"));
        try {
            Files.writeString(script, SCRIPT);
            JSON.writeValue(inputFile.toFile(), input);
            ExternalCommand.Result node = ExternalCommand.run(workDir, workDir.resolve("node-reference.log"),
                    NODE_TIMEOUT_SECONDS, List.of("node", script.toString(),
                            packageFolder.resolve("Encoder.js").toString(), inputFile.toString(), outputFile.toString()));
            assertTrue(node.ok(), () -> "the node reference script failed: " + node.outputTail());
            return JSON.readValue(outputFile.toFile(), Output.class);
        } finally {
            Files.deleteIfExists(inputFile);
            Files.deleteIfExists(outputFile);
        }
    }
}

package org.projectchat.embedded.search;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.Map;

/**
 * The few analysis components of Elasticsearch's {@code analysis-common} module that the chat
 * index mapping uses, registered under the same names from Lucene's own classes: that module is
 * not published to Maven Central, so the embedded node lacks it, while production Elasticsearch
 * has it built in. One mapping then serves both.
 */
public class ChatAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisModule.AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
                "edge_ngram", (indexSettings, env, name, settings) -> {
                    int min = settings.getAsInt("min_gram", 1);
                    int max = settings.getAsInt("max_gram", 2);
                    boolean preserve = settings.getAsBoolean("preserve_original", false);
                    return filter(name, in -> new EdgeNGramTokenFilter(in, min, max, preserve));
                },
                "word_delimiter_graph", (indexSettings, env, name, settings) -> {
                    int flags = WordDelimiterGraphFilter.GENERATE_WORD_PARTS | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
                            | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;
                    if (settings.getAsBoolean("split_on_case_change", true)) {
                        flags |= WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
                    }
                    if (settings.getAsBoolean("split_on_numerics", true)) {
                        flags |= WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;
                    }
                    if (settings.getAsBoolean("preserve_original", false)) {
                        flags |= WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
                    }
                    if (settings.getAsBoolean("catenate_all", false)) {
                        flags |= WordDelimiterGraphFilter.CATENATE_ALL;
                    }
                    int configured = flags;
                    return filter(name, in -> new WordDelimiterGraphFilter(in, configured, null));
                },
                "asciifolding", (indexSettings, env, name, settings) -> filter(name, ASCIIFoldingFilter::new));
    }

    @Override
    public Map<String, AnalysisModule.AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", (indexSettings, env, name, settings) -> new AbstractTokenizerFactory(name) {
            @Override
            public Tokenizer create() {
                return new UAX29URLEmailTokenizer();
            }
        });
    }

    private static TokenFilterFactory filter(String name, java.util.function.Function<TokenStream, TokenStream> build) {
        return new AbstractTokenFilterFactory(name) {
            @Override
            public TokenStream create(TokenStream tokenStream) {
                return build.apply(tokenStream);
            }
        };
    }
}

package org.projectchat.contract;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.FencedCode.Code;
import org.projectchat.contract.FencedCode.Prose;

import static org.assertj.core.api.Assertions.assertThat;

class FencedCodeTest {

    @Test
    void aClosedFenceIsCodeWithItsLanguageBetweenProse() {
        assertThat(FencedCode.parse("Progress:\n```python\nprint('@clara')\n```\ncc @clara")).containsExactly(
                new Prose("Progress:\n"), new Code("python", "print('@clara')", true), new Prose("cc @clara"));
        assertThat(FencedCode.code("a\n~~~\nx = 1\ny = 2\n~~~\nb")).isEqualTo("x = 1\ny = 2\n");
        assertThat(FencedCode.prose("a\n~~~\nx\n~~~\nb")).isEqualTo("a\n\nb");
    }

    @Test
    void anUnclosedFenceIsCodeToTheEndOfTheBody() {
        assertThat(FencedCode.parse("look:\n```\n@erik\nstill code")).containsExactly(
                new Prose("look:\n"), new Code("", "@erik\nstill code", false));
        assertThat(FencedCode.prose("look:\n```\n@erik")).doesNotContain("@erik");
        assertThat(FencedCode.code("look:\n```\n@erik")).isEqualTo("@erik\n");
    }

    @Test
    void onlyALineOfTheSameMarkAtLeastAsLongClosesAFence() {
        assertThat(FencedCode.parse("````md\n```\ninner\n```\n````\nafter")).containsExactly(
                new Code("md", "```\ninner\n```", true), new Prose("after"));
        assertThat(FencedCode.parse("```\n~~~\n```")).containsExactly(new Code("", "~~~", true));
        assertThat(FencedCode.parse("  ```js\n  let a;\n  ```  ")).containsExactly(new Code("js", "  let a;", true));
    }

    @Test
    void inlineCodeAndShortRunsAreNotFences() {
        assertThat(FencedCode.parse("use ```x``` here\nand `y`")).containsExactly(new Prose("use ```x``` here\nand `y`"));
        assertThat(FencedCode.parse("``\nnot a fence")).containsExactly(new Prose("``\nnot a fence"));
        assertThat(FencedCode.code("no code at all")).isEmpty();
        assertThat(FencedCode.parse("")).isEmpty();
    }
}

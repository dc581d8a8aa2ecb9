# nl_add_warnings(target): the project's warning set plus opt-in sanitizers.
function(nl_add_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wwrite-strings -Wundef -Wcast-qual
    -Wno-unused-parameter)
  if(NEWSLUA_SANITIZE)
    string(REPLACE ";" "," _san "${NEWSLUA_SANITIZE}")
    target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${_san})
  endif()
endfunction()
